package org.dataanalyst.api.run;

/**
 * A piece of a run's log, for tailing: ask again from {@code nextOffset} for what follows.
 *
 * @param text       UTF-8 text from the requested offset
 * @param offset     byte offset the text starts at
 * @param nextOffset byte offset to ask from next time
 * @param complete   whether the run has ended, so nothing more will be appended
 */
public record LogChunk(String text, long offset, long nextOffset, boolean complete) {
    public LogChunk {
        text = text == null ? "" : text;
        if (offset < 0 || nextOffset < offset) throw new IllegalArgumentException("bad offsets " + offset + ".." + nextOffset);
    }
}
