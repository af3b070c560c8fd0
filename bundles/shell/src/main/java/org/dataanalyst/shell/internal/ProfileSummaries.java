package org.dataanalyst.shell.internal;

import java.util.Locale;

import org.dataanalyst.api.profile.ProfileSummary;

/** How a dataset's latest finished profile is shown in the console. */
final class ProfileSummaries {

    private ProfileSummaries() {
    }

    /** @return e.g. {@code succeeded, 3 warnings, 1 failed check}, or {@code null} when never profiled */
    static String brief(ProfileSummary s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.status().name().toLowerCase(Locale.ROOT));
        int warnings = s.alerts().getOrDefault("warning", 0);
        int failed = s.checks().getOrDefault("fail", 0);
        if (warnings > 0) {
            out.append(", ").append(plural(warnings, "warning"));
        }
        if (failed > 0) {
            out.append(", ").append(plural(failed, "failed check"));
        }
        return out.toString();
    }

    /** @return the whole summary on one line, with the run and version */
    static String full(ProfileSummary s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.runId()).append(' ').append(s.status().name().toLowerCase(Locale.ROOT));
        if (s.version() != null) {
            out.append(" (version ").append(s.version()).append(')');
        }
        if (s.reason() != null) {
            return out.append(": ").append(s.reason()).toString();
        }
        out.append(": ").append(plural(s.alerts().getOrDefault("warning", 0), "warning")).append(", ")
                .append(s.alerts().getOrDefault("info", 0)).append(" info; checks ")
                .append(s.checks().getOrDefault("pass", 0)).append(" pass, ")
                .append(s.checks().getOrDefault("warn", 0)).append(" warn, ")
                .append(s.checks().getOrDefault("fail", 0)).append(" fail");
        if (s.failures() > 0) {
            out.append("; ").append(plural(s.failures(), "failed section"));
        }
        return out.toString();
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
