package org.dataanalyst.profiling.internal;

import java.util.concurrent.ExecutionException;

import org.dataanalyst.api.AnalystException;
import org.dataanalyst.api.engine.EngineException;

/** Turning a plugin's exception into a reason people can read. */
final class Failures {

    /** Longest reason kept; the stack trace is in the run log. */
    static final int MAX_REASON = 2000;

    private Failures() {
    }

    /**
     * @return the message; prefixed with the exception's class when the class says something the message does
     *         not (a {@code NullPointerException}…); the class name alone when there is no message; shortened to
     *         {@value #MAX_REASON} characters
     */
    static String describe(Throwable t) {
        Throwable shown = t;
        while (shown instanceof ExecutionException && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        if (message == null || message.isBlank()) {
            return shown.getClass().getName();
        }
        boolean plain = shown instanceof IllegalArgumentException || shown instanceof IllegalStateException
                || shown instanceof EngineException || shown instanceof AnalystException
                || shown instanceof UnsupportedOperationException || shown.getClass() == Exception.class;
        return shorten((plain ? "" : shown.getClass().getSimpleName() + ": ") + message.strip());
    }

    static String shorten(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
