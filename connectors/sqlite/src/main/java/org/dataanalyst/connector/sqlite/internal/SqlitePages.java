package org.dataanalyst.connector.sqlite.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads the rows of an ordinary (rowid) table straight from a SQLite database file, as SQLite lays them out
 * (https://sqlite.org/fileformat2.html): the table's b-tree is walked in rowid order — the order of
 * {@code SELECT * FROM t} — and each record is decoded in Java. Through SQLite's JDBC driver every value
 * costs one or more calls into native code; here it costs a few array reads.
 *
 * <p>Only for files whose pages alone hold the current rows, in plain UTF-8: {@link #open} refuses a file
 * in UTF-16 and a file with a non-empty write-ahead log. The caller must hold a read transaction on the file
 * through SQLite (its shared lock) while reading, so that no writer commits meanwhile, and must refuse
 * tables this reader cannot decode alone (WITHOUT ROWID, generated columns; see {@code SqliteReader}).
 * Damage found while reading is an {@link SQLException} naming the page.
 */
final class SqlitePages implements AutoCloseable {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Deeper b-trees than this do not exist in files below petabytes. */
    private static final int MAX_DEPTH = 40;

    /** Why a file cannot be read by this reader. */
    static final class NotReadable extends Exception {
        private static final long serialVersionUID = 1L;

        NotReadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final FileChannel channel;
    private final int pageSize;
    private final int usable;
    private final long pageCount;

    private SqlitePages(FileChannel channel, int pageSize, int usable, long pageCount) {
        this.channel = channel;
        this.pageSize = pageSize;
        this.usable = usable;
        this.pageCount = pageCount;
    }

    /**
     * Opens the file for reading pages.
     *
     * @throws NotReadable saying why the file's pages alone cannot be read (UTF-16 text, a write-ahead log)
     * @throws IOException when the file cannot be read
     */
    static SqlitePages open(Path file) throws IOException, NotReadable {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer header = ByteBuffer.allocate(100);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // reads the 100-byte header
            }
            byte[] h = header.array();
            if (header.hasRemaining() || !Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) {
                throw new NotReadable("the file has no complete SQLite header");
            }
            int size = u16(h, 16);
            int pageSize = size == 1 ? 65536 : size;
            if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
                throw new NotReadable("the header gives an invalid page size " + size);
            }
            int usable = pageSize - (h[20] & 0xFF);
            if (usable < 480) {
                throw new NotReadable("the header reserves too much of each page");
            }
            if (u32(h, 56) > 1) {
                throw new NotReadable("the file's text is UTF-16");
            }
            if (h[18] == 2 || h[19] == 2) {
                Path wal = file.resolveSibling(file.getFileName() + "-wal");
                if (Files.exists(wal) && Files.size(wal) > 0) {
                    throw new NotReadable("the file has a write-ahead log whose changes may not be in the file yet");
                }
            }
            if (h[18] > 2 || h[19] > 2) {
                throw new NotReadable("the file format version " + h[19] + " is unknown");
            }
            return new SqlitePages(channel, pageSize, usable, channel.size() / pageSize);
        } catch (IOException | NotReadable | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The rows of a table's b-tree.
     *
     * @param rootPage     the table's root page ({@code sqlite_master.rootpage})
     * @param columns      the table's column count
     * @param rowidColumn  the {@code INTEGER PRIMARY KEY} column (an alias of the rowid, stored as NULL), or -1
     * @param realAffinity per column: whether its declared type has REAL affinity (integral reals are
     *                     stored as integers and read as reals)
     * @param defaults     the value of a column a record does not hold (added by {@code ALTER TABLE} after
     *                     the row was written)
     */
    Cursor rows(int rootPage, int columns, int rowidColumn, boolean[] realAffinity, Defaults defaults) {
        return new Cursor(rootPage, 0, Integer.MAX_VALUE, columns, rowidColumn, realAffinity, defaults);
    }

    /**
     * The rows under some of the root's children only, {@code [fromChild, toChild)} (child {@code n} of a
     * root with {@code n} cells is its right-most pointer): consecutive ranges read the table in parts, in
     * order. Arguments as {@link #rows(int, int, int, boolean[], Defaults)}.
     */
    Cursor rows(int rootPage, int fromChild, int toChild, int columns, int rowidColumn, boolean[] realAffinity,
            Defaults defaults) {
        return new Cursor(rootPage, fromChild, toChild, columns, rowidColumn, realAffinity, defaults);
    }

    /** @return the number of children of a table's root page, or 0 when the root is a leaf */
    int rootChildren(int rootPage) throws SQLException {
        byte[] page = new byte[pageSize];
        read(rootPage, page);
        int header = rootPage == 1 ? 100 : 0;
        return page[header] == 5 ? u16(page, header + 3) + 1 : 0;
    }

    /** The value of a column that a record does not hold: its declared default. */
    @FunctionalInterface
    interface Defaults {
        /** @return a {@code Long}, {@code Double}, {@code String}, {@code byte[]} or {@code null} */
        Object of(int column) throws SQLException;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void read(long page, byte[] into) throws SQLException {
        if (page < 1 || page > pageCount) {
            throw damaged(page, "a page number beyond the end of the file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(into, 0, pageSize);
        long position = (page - 1) * pageSize;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw damaged(page, "the file ends inside the page");
                }
            }
        } catch (IOException e) {
            throw new SQLException("cannot read page " + page + " of the file: " + e.getMessage(), e);
        }
    }

    private static SQLException damaged(long page, String what) {
        return new SQLException("the file is damaged at page " + page + ": " + what);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** A walk over a table b-tree's rows, in rowid order; {@link #next} moves to the next row. */
    final class Cursor implements SqliteTypes.Row {
        private final long root;
        private final int fromChild;
        private final int toChild;
        private final int columns;
        private final int rowidColumn;
        private final boolean[] realAffinity;
        private final Defaults defaults;

        /** Interior pages from the root down: their bytes, header offset and the next child to visit. */
        private final byte[][] buffers = new byte[MAX_DEPTH + 1][];
        private final long[] pageNumbers = new long[MAX_DEPTH + 1];
        private final int[] headers = new int[MAX_DEPTH];
        private final int[] nextChild = new int[MAX_DEPTH];
        private int depth = -1;
        private boolean started;
        private long visited;

        private byte[] leaf;
        private long leafPage;
        private int leafHeader;
        private int leafCells;
        private int leafNext;
        private byte[] overflow;

        /** The current record: its bytes, and per column the serial type and the offset of the value. */
        private byte[] payload;
        private int payloadEnd;
        private long rowid;
        private final long[] serial;
        private final int[] offset;
        private int present;
        private int at;

        private Cursor(long root, int fromChild, int toChild, int columns, int rowidColumn, boolean[] realAffinity,
                Defaults defaults) {
            this.root = root;
            this.fromChild = fromChild;
            this.toChild = toChild;
            this.columns = columns;
            this.rowidColumn = rowidColumn;
            this.realAffinity = realAffinity.clone();
            this.defaults = defaults;
            this.serial = new long[columns];
            this.offset = new int[columns];
        }

        /** @return whether there is a next row; it is then the current row */
        boolean next() throws SQLException {
            while (leaf == null || leafNext >= leafCells) {
                if (!nextLeaf()) {
                    return false;
                }
            }
            decode(leafNext++);
            return true;
        }

        /** Finds the next leaf page in key order; {@code false} when the walk is over. */
        private boolean nextLeaf() throws SQLException {
            leaf = null;
            long page;
            if (!started) {
                started = true;
                page = root;
            } else {
                page = -1;
                while (depth >= 0) {
                    if (nextChild[depth] <= lastChild(depth)) {
                        page = child(depth, nextChild[depth]++);
                        break;
                    }
                    depth--;
                }
                if (page < 0) {
                    return false;
                }
            }
            while (true) {
                if (++visited > pageCount) {
                    throw damaged(page, "the table's pages form a cycle");
                }
                int level = depth + 1;
                if (buffers[level] == null) {
                    buffers[level] = new byte[pageSize];
                }
                byte[] buffer = buffers[level];
                read(page, buffer);
                int header = page == 1 ? 100 : 0;
                int kind = buffer[header];
                if (kind == 13) { // a table leaf
                    if (depth < 0 && fromChild > 0) {
                        return false; // a range of a root that has no children
                    }
                    leaf = buffer;
                    leafPage = page;
                    leafHeader = header;
                    leafCells = cells(buffer, header);
                    leafNext = 0;
                    return true;
                }
                if (kind != 5) { // not a table interior page either
                    throw damaged(page, kind == 2 || kind == 10 ? "an index page inside a table" : "an unknown page kind " + kind);
                }
                if (level >= MAX_DEPTH) {
                    throw damaged(page, "the table's tree is deeper than " + MAX_DEPTH + " levels");
                }
                depth = level;
                pageNumbers[depth] = page;
                headers[depth] = header;
                nextChild[depth] = depth == 0 ? fromChild : 0;
                if (nextChild[depth] > lastChild(depth)) {
                    depth--; // an empty range of the root's children
                    return false;
                }
                page = child(depth, nextChild[depth]++);
            }
        }

        /** The last child to visit of an interior page on the path: all of them but at the root, its range. */
        private int lastChild(int level) {
            int n = cells(buffers[level], headers[level]);
            return level == 0 ? Math.min(toChild - 1, n) : n;
        }

        private int cells(byte[] page, int header) {
            return u16(page, header + 3);
        }

        /** The k-th child of an interior page: a cell's left pointer, or the right-most pointer after the last cell. */
        private long child(int level, int k) throws SQLException {
            byte[] page = buffers[level];
            int header = headers[level];
            int n = cells(page, header);
            int at = k < n ? cellOffset(page, header, 12, k, pageNumbers[level]) : header + 8;
            return u32(page, at);
        }

        private int cellOffset(byte[] page, int header, int headerSize, int k, long pageNumber) throws SQLException {
            int pointer = header + headerSize + 2 * k;
            if (pointer + 2 > usable) {
                throw damaged(pageNumber, "more cells than fit the page");
            }
            int cell = u16(page, pointer);
            if (cell < pointer || cell >= usable) {
                throw damaged(pageNumber, "a cell outside the page");
            }
            return cell;
        }

        /** Decodes the k-th cell of the current leaf: the rowid, the record's header, where each value is. */
        private void decode(int k) throws SQLException {
            int cell = cellOffset(leaf, leafHeader, 8, k, leafPage);
            at = cell;
            long size = varint(leaf, usable, leafPage);
            rowid = varint(leaf, usable, leafPage);
            int start = at;
            long maxLocal = usable - 35;
            if (size <= maxLocal) {
                if (start + size > usable) {
                    throw damaged(leafPage, "a record beyond the end of its page");
                }
                payload = leaf;
                at = start;
                payloadEnd = (int) (start + size);
            } else {
                if (size > Integer.MAX_VALUE - 16) {
                    throw damaged(leafPage, "a record of " + size + " bytes");
                }
                long minLocal = (usable - 12L) * 32 / 255 - 23;
                long local = minLocal + (size - minLocal) % (usable - 4);
                if (local > maxLocal) {
                    local = minLocal;
                }
                if (start + local + 4 > usable) {
                    throw damaged(leafPage, "a record beyond the end of its page");
                }
                byte[] whole = new byte[(int) size];
                System.arraycopy(leaf, start, whole, 0, (int) local);
                int copied = (int) local;
                long next = u32(leaf, (int) (start + local));
                if (overflow == null) {
                    overflow = new byte[pageSize];
                }
                long chain = 0;
                while (copied < size) {
                    if (++chain > pageCount) {
                        throw damaged(next, "an overflow chain that forms a cycle");
                    }
                    read(next, overflow);
                    int n = (int) Math.min(usable - 4, size - copied);
                    System.arraycopy(overflow, 4, whole, copied, n);
                    copied += n;
                    next = u32(overflow, 0);
                }
                payload = whole;
                at = 0;
                payloadEnd = whole.length;
            }
            int recordStart = at;
            long headerSize = varint(payload, payloadEnd, leafPage);
            long headerEnd = recordStart + headerSize;
            if (headerSize < 1 || headerEnd > payloadEnd) {
                throw damaged(leafPage, "a record header beyond its record");
            }
            long body = headerEnd;
            int k2 = 0;
            while (at < headerEnd) {
                long type = varint(payload, (int) headerEnd, leafPage);
                if (k2 < columns) {
                    serial[k2] = type;
                    offset[k2] = (int) body;
                }
                body += length(type, leafPage);
                k2++;
            }
            if (body > payloadEnd) {
                throw damaged(leafPage, "record values beyond their record");
            }
            present = Math.min(k2, columns);
        }

        private long length(long type, long page) throws SQLException {
            if (type < 12) {
                return switch ((int) type) {
                    case 0, 8, 9 -> 0;
                    case 1 -> 1;
                    case 2 -> 2;
                    case 3 -> 3;
                    case 4 -> 4;
                    case 5 -> 6;
                    case 6, 7 -> 8;
                    default -> throw damaged(page, "a reserved serial type " + type);
                };
            }
            return (type - 12) / 2;
        }

        /** A SQLite varint at {@link #at} (1 to 9 bytes, big-endian, 7 bits each but the 9th byte's 8). */
        private long varint(byte[] b, int limit, long page) throws SQLException {
            long v = 0;
            for (int i = 0; i < 9; i++) {
                if (at >= limit) {
                    throw damaged(page, "a number beyond the end of its record");
                }
                int c = b[at++] & 0xFF;
                if (i == 8) {
                    return (v << 8) | c;
                }
                v = (v << 7) | (c & 0x7F);
                if (c < 0x80) {
                    return v;
                }
            }
            return v;
        }

        @Override
        public int type(int column) throws SQLException {
            if (column == rowidColumn && (column >= present || serial[column] == 0)) {
                return INTEGER;
            }
            if (column >= present) {
                Object v = defaults.of(column);
                return v == null ? NULL : v instanceof Long ? INTEGER : v instanceof Double ? REAL
                        : v instanceof String ? TEXT : BLOB;
            }
            long t = serial[column];
            if (t == 0) {
                return NULL;
            }
            if (t == 7) {
                return REAL;
            }
            if (t < 10) {
                return realAffinity[column] ? REAL : INTEGER;
            }
            if (t < 12) {
                throw damaged(leafPage, "a reserved serial type " + t);
            }
            return (t & 1) == 0 ? BLOB : TEXT;
        }

        @Override
        public long integer(int column) throws SQLException {
            if (column == rowidColumn && (column >= present || serial[column] == 0)) {
                return rowid;
            }
            if (column >= present) {
                return ((Number) defaults.of(column)).longValue();
            }
            int o = offset[column];
            byte[] b = payload;
            return switch ((int) serial[column]) {
                case 1 -> b[o];
                case 2 -> (short) u16(b, o);
                case 3 -> (((b[o] << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o + 2] & 0xFF)) << 8) >> 8;
                case 4 -> (int) u32(b, o);
                case 5 -> ((long) (short) u16(b, o) << 32) | u32(b, o + 2);
                case 6 -> (u32(b, o) << 32) | u32(b, o + 4);
                case 8 -> 0;
                case 9 -> 1;
                default -> throw new SQLException("not an integer: serial type " + serial[column]);
            };
        }

        @Override
        public double real(int column) throws SQLException {
            if (column >= present && column != rowidColumn) {
                return ((Number) defaults.of(column)).doubleValue();
            }
            if (serial[column] == 7) {
                int o = offset[column];
                return Double.longBitsToDouble((u32(payload, o) << 32) | u32(payload, o + 4));
            }
            return integer(column);
        }

        @Override
        public String text(int column) throws SQLException {
            if (column >= present) {
                return (String) defaults.of(column);
            }
            return new String(payload, offset[column], (int) ((serial[column] - 13) / 2), StandardCharsets.UTF_8);
        }

        @Override
        public Object varchar(int column) throws SQLException {
            if (column >= present) {
                return defaults.of(column);
            }
            return new SqliteTypes.Utf8(payload, offset[column], (int) ((serial[column] - 13) / 2));
        }

        @Override
        public byte[] blob(int column) throws SQLException {
            if (column >= present) {
                return ((byte[]) defaults.of(column)).clone();
            }
            int o = offset[column];
            return Arrays.copyOfRange(payload, o, o + (int) ((serial[column] - 12) / 2));
        }
    }
}
