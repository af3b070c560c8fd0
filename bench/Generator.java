import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes a realistic orders CSV, deterministically (the same arguments give the same bytes): 20 columns of
 * mixed types — ids, ints, decimals, doubles, dates, timestamps, booleans, categories, free text with quoted
 * commas and embedded quotes, e-mails — about 5 % NULLs (empty fields) in the nullable columns and about 1 %
 * exact duplicate rows. Needs only the JDK:
 *
 * <pre>java bench/Generator.java ROWS OUT.csv [SEED]</pre>
 *
 * Prints the rows, bytes and duplicates written.
 */
public class Generator {

    static final String HEADER = "order_id,customer_id,sku,quantity,unit_price,discount,total,weight_kg,rating,"
            + "order_date,created_at,shipped_at,is_gift,is_returned,channel,country,status,city,comment,email";
    static final String[] CHANNELS = {"web", "store", "phone", "partner"};
    static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "CA", "NL", "BE", "CH", "AT", "IT", "ES", "PT", "SE",
            "NO", "DK", "FI", "PL", "CZ", "IE", "JP", "KR", "AU", "NZ", "BR", "MX", "AR", "IN", "ZA", "SG", "CN"};
    static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled", "returned"};
    static final String[] CITIES = {"Berlin", "Paris", "London", "New York", "Toronto", "Amsterdam", "Brussels",
            "Zürich", "Wien", "Milano", "Madrid", "Lisboa", "Stockholm", "Washington, D.C.", "Portland, OR",
            "Saint-Denis, Réunion", "São Paulo", "Tōkyō", "Cape Town", "Kraków"};
    static final String[] WORDS = {"fast", "delivery", "box", "damaged", "gift", "wrap", "please", "thanks", "late",
            "again", "perfect", "colour", "size", "small", "large", "return", "refund", "call", "me", "ok"};
    static final LocalDate START = LocalDate.of(2020, 1, 1);

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java Generator.java ROWS OUT.csv [SEED]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261121L;
        Path part = out.resolveSibling(out.getFileName() + ".part");
        SplittableRandom random = new SplittableRandom(seed);
        String[] recent = new String[1024];
        long duplicates = 0;
        StringBuilder line = new StringBuilder(512);
        try (BufferedWriter writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(part), StandardCharsets.UTF_8), 1 << 20)) {
            writer.write(HEADER);
            writer.write('\n');
            for (long i = 0; i < rows; i++) {
                String row;
                if (i > recent.length && random.nextInt(100) == 0) {
                    row = recent[random.nextInt(recent.length)];
                    duplicates++;
                } else {
                    line.setLength(0);
                    row(random, 1_000_000L + i, line);
                    row = line.toString();
                }
                recent[(int) (i % recent.length)] = row;
                writer.write(row);
                writer.write('\n');
            }
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(rows + " rows, " + Files.size(out) + " bytes, " + duplicates + " duplicate rows -> " + out);
    }

    static void row(SplittableRandom r, long orderId, StringBuilder b) {
        int quantity = 1 + r.nextInt(20);
        long priceCents = 50 + r.nextInt(99_950);
        boolean discounted = r.nextInt(100) >= 5;
        int discountPct = discounted ? r.nextInt(31) : 0;
        long totalCents = Math.round(quantity * priceCents * (100 - discountPct) / 100.0);
        int day = r.nextInt(5 * 365);
        int second = r.nextInt(86_400);
        String status = STATUSES[r.nextInt(STATUSES.length)];

        b.append(orderId).append(',');
        b.append(1 + r.nextInt(200_000)).append(',');
        b.append("SKU-");
        pad(b, r.nextInt(100_000), 5);
        b.append(',');
        b.append(quantity).append(',');
        money(b, priceCents);
        b.append(',');
        if (discounted) {
            b.append("0.");
            pad(b, discountPct, 2);
        }
        b.append(',');
        money(b, totalCents);
        b.append(',');
        if (!isNull(r)) {
            b.append(r.nextDouble(0.001, 50.0));
        }
        b.append(',');
        if (!isNull(r)) {
            int tenths = 10 + r.nextInt(41);
            b.append(tenths / 10).append('.').append(tenths % 10);
        }
        b.append(',');
        b.append(START.plusDays(day)).append(',');
        timestamp(b, day, second, -1);
        b.append(',');
        if (!isNull(r) && !status.equals("pending") && !status.equals("paid")) {
            int later = second + 3600 * (12 + r.nextInt(72));
            timestamp(b, day + later / 86_400, later % 86_400, r.nextInt(1000));
        }
        b.append(',');
        b.append(r.nextInt(10) == 0 ? "true" : "false").append(',');
        if (!isNull(r)) {
            b.append(status.equals("returned") ? "true" : "false");
        }
        b.append(',');
        b.append(CHANNELS[r.nextInt(CHANNELS.length)]).append(',');
        b.append(COUNTRIES[r.nextInt(COUNTRIES.length)]).append(',');
        b.append(status).append(',');
        if (!isNull(r)) {
            csv(b, CITIES[r.nextInt(CITIES.length)]);
        }
        b.append(',');
        if (!isNull(r)) {
            csv(b, comment(r));
        }
        b.append(',');
        if (!isNull(r)) {
            b.append("customer").append(r.nextInt(200_000)).append("@example.")
                    .append(r.nextBoolean() ? "com" : "org");
        }
    }

    /** Free text: a few words, sometimes a comma, sometimes a quotation with embedded quotes. */
    static String comment(SplittableRandom r) {
        StringBuilder text = new StringBuilder();
        int words = 2 + r.nextInt(12);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(r.nextInt(6) == 0 ? ", " : " ");
            }
            String word = WORDS[r.nextInt(WORDS.length)];
            if (r.nextInt(15) == 0) {
                text.append('"').append(word).append('"');
            } else {
                text.append(word);
            }
        }
        return text.toString();
    }

    static boolean isNull(SplittableRandom r) {
        return r.nextInt(100) < 5;
    }

    static void csv(StringBuilder b, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        b.append('"');
    }

    static void money(StringBuilder b, long cents) {
        b.append(cents / 100).append('.');
        pad(b, (int) (cents % 100), 2);
    }

    static void timestamp(StringBuilder b, int day, int second, int millis) {
        b.append(START.plusDays(day)).append(' ');
        pad(b, second / 3600, 2);
        b.append(':');
        pad(b, second / 60 % 60, 2);
        b.append(':');
        pad(b, second % 60, 2);
        if (millis >= 0) {
            b.append('.');
            pad(b, millis, 3);
        }
    }

    static void pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        b.append(digits);
    }
}
