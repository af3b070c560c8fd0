package org.dataanalyst.profiler.columns.internal;

/**
 * Mean, variance, standard deviation, skewness and kurtosis from the sums of the 1st to 4th powers of
 * the deviations from a provisional mean {@code c} (the two-pass algorithm; the first sum corrects for
 * {@code c} not being exactly the mean). The definitions are the sample ones DuckDB's {@code var_samp},
 * {@code stddev_samp}, {@code skewness} and {@code kurtosis} and commons-math's {@code Variance},
 * {@code Skewness}, {@code Kurtosis} use:
 * <ul>
 * <li>variance = M2 / (n - 1)</li>
 * <li>skewness = n / ((n - 1)(n - 2)) · M3 / s³ (n &gt;= 3, s &gt; 0)</li>
 * <li>kurtosis (excess) = n(n + 1) / ((n - 1)(n - 2)(n - 3)) · M4 / s⁴ - 3(n - 1)² / ((n - 2)(n - 3))
 * (n &gt;= 4, s &gt; 0)</li>
 * </ul>
 * where Mk is the sum of the k-th powers of the deviations from the mean and s the sample standard deviation.
 *
 * @param mean     c + s1/n
 * @param variance {@code null} when n &lt; 2
 */
record Moments(double mean, Double variance, Double std, Double skewness, Double kurtosis) {

    static Moments of(long n, double c, double s1, double s2, double s3, double s4) {
        double d = s1 / n;
        double m2 = Math.max(0, s2 - n * d * d);
        double m3 = s3 - 3 * d * s2 + 2 * n * d * d * d;
        double m4 = s4 - 4 * d * s3 + 6 * d * d * s2 - 3 * n * d * d * d * d;
        Double variance = n >= 2 ? m2 / (n - 1) : null;
        Double std = variance == null ? null : Math.sqrt(variance);
        Double skewness = null;
        Double kurtosis = null;
        if (std != null && std > 0) {
            double s3d = std * std * std;
            double nn = n;
            if (n >= 3) {
                skewness = nn / ((nn - 1) * (nn - 2)) * m3 / s3d;
            }
            if (n >= 4) {
                kurtosis = nn * (nn + 1) / ((nn - 1) * (nn - 2) * (nn - 3)) * m4 / (s3d * std)
                        - 3 * (nn - 1) * (nn - 1) / ((nn - 2) * (nn - 3));
            }
        }
        return new Moments(c + d, variance, std, skewness, kurtosis);
    }
}
