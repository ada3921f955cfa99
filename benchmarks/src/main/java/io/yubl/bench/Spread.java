package io.yubl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import java.util.Arrays;
import java.util.List;

/**
 * The median of repeated measurements with their spread: quartiles, min and max. A figure whose interquartile range
 * is more than {@link #TRUSTED_IQR} of its median moved too much between rounds to be trusted, and says so (the IQR
 * rather than the range, so that one odd round on a noisy machine does not condemn the other six).
 */
public record Spread(double median, double q1, double q3, double min, double max) {
    public static final double TRUSTED_IQR = 0.20;

    /**
     * For bin/bench's shell benchmarks: {@code Spread json V...} prints the values' spread as JSON,
     * {@code Spread describe FORMAT V...} as a line.
     */
    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("json") || args[0].equals("describe") && args.length > 2)) {
            System.err.println("usage: Spread json V... | Spread describe FORMAT V...");
            System.exit(2);
        }
        int first = args[0].equals("json") ? 1 : 2;
        Spread spread =
                of(Arrays.stream(args, first, args.length).map(Double::valueOf).toList());
        System.out.println(args[0].equals("json") ? spread.json().toString() : spread.describe(args[1]));
    }

    public static Spread of(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Spread(
                quantile(sorted, 0.5),
                quantile(sorted, 0.25),
                quantile(sorted, 0.75),
                sorted[0],
                sorted[sorted.length - 1]);
    }

    /** (q3 - q1) / median */
    public double relativeIqr() {
        return (q3 - q1) / median;
    }

    public boolean trustworthy() {
        return relativeIqr() <= TRUSTED_IQR;
    }

    public String describe(String format) {
        return String.format(
                format + " (IQR " + format + " to " + format + ", range " + format + " to " + format + ")%s",
                median,
                q1,
                q3,
                min,
                max,
                trustworthy()
                        ? ""
                        : String.format(
                                " -- SPREAD TOO WIDE TO TRUST: the IQR is %.0f%% of the median (trusted up to %.0f%%)",
                                relativeIqr() * 100, TRUSTED_IQR * 100));
    }

    public ObjectNode json() {
        ObjectNode json = Contracts.json().createObjectNode();
        json.put("median", round(median))
                .put("q1", round(q1))
                .put("q3", round(q3))
                .put("min", round(min))
                .put("max", round(max));
        json.put("relativeIqr", round(relativeIqr())).put("trustworthy", trustworthy());
        return json;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    @Override
    public String toString() {
        return describe("%.3f");
    }
}
