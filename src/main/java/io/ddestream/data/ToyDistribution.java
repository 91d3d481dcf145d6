package io.ddestream.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The 2-D toy distributions of the DDE paper, sampled as in its reference code.
 *
 * <p>{@link #TWO_SPIRALS} and {@link #RINGS} build each batch as a whole, as the reference does:
 * half the points on each arm, a quarter on each ring. Draw the points you need in one call; drawn
 * one at a time they would all land on the same arm or ring.
 */
public enum ToyDistribution {

    /** See {@link EightGaussians}. */
    EIGHT_GAUSSIANS("8gaussians", EightGaussians::sample),

    /**
     * Two interleaved spiral arms, point-symmetric about the origin, each turning 3π, with noise
     * of standard deviation 0.1.
     */
    TWO_SPIRALS("2spirals", ToyDistribution::twoSpirals),

    /**
     * Uniform on the black squares of a checkerboard of side-2 squares covering [-4, 4)², the
     * square [2i, 2i + 2) × [2j, 2j + 2) being black when i + j is even.
     */
    CHECKERBOARD("checkerboard", ToyDistribution::checkerboard),

    /** Four concentric circles of radius 3, 2.25, 1.5 and 0.75, with noise of std 0.08. */
    RINGS("rings", ToyDistribution::rings);

    private static final List<String> COLUMNS = List.of("x", "y");
    private static final double[] RING_RADII = {3, 2.25, 1.5, 0.75};

    private final String cliName;
    private final Sampler sampler;

    ToyDistribution(String cliName, Sampler sampler) {
        this.cliName = cliName;
        this.sampler = sampler;
    }

    /**
     * The distribution with the given {@link #cliName()}.
     *
     * @throws IllegalArgumentException naming the valid names if there is none
     */
    public static ToyDistribution fromName(String name) {
        for (ToyDistribution toy : values()) {
            if (toy.cliName.equals(name)) {
                return toy;
            }
        }
        String valid =
                Arrays.stream(values())
                        .map(ToyDistribution::cliName)
                        .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown toy distribution \"%s\"; valid names are %s".formatted(name, valid));
    }

    /** The name used on the command line, such as {@code 8gaussians}. */
    public String cliName() {
        return cliName;
    }

    /** The names of the two coordinates: {@code x} and {@code y}. */
    public List<String> columns() {
        return COLUMNS;
    }

    /**
     * Draws {@code n} points, one {@code {x, y}} array each; the same {@code rng} state gives the
     * same points.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public double[][] sample(int n, Random rng) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " points");
        }
        return sampler.sample(n, rng);
    }

    private interface Sampler {
        double[][] sample(int n, Random rng);
    }

    private static double[][] twoSpirals(int n, Random rng) {
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            // Alternating arms puts half the points on each, as the reference does, without
            // ordering the batch by arm.
            double arm = i % 2 == 0 ? 1 : -1;
            double turn = Math.sqrt(rng.nextDouble()) * 3 * Math.PI;
            double x = arm * (-Math.cos(turn) * turn + 0.5 * rng.nextDouble()) / 3;
            double y = arm * (Math.sin(turn) * turn + 0.5 * rng.nextDouble()) / 3;
            points[i] = withNoise(x, y, 0.1, rng);
        }
        return points;
    }

    private static double[][] checkerboard(int n, Random rng) {
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            double x1 = 4 * rng.nextDouble() - 2;
            // x2 starts in an even row, [0, 1) or [-2, -1); odd columns of x1 move it up a row.
            double x2 =
                    rng.nextDouble() - 2 * rng.nextInt(2) + Math.floorMod((int) Math.floor(x1), 2);
            points[i] = new double[] {2 * x1, 2 * x2};
        }
        return points;
    }

    private static double[][] rings(int n, Random rng) {
        double[][] grid = new double[n][];
        int perRing = n / 4;
        int filled = 0;
        for (int ring = 0; ring < RING_RADII.length; ring++) {
            // The innermost ring takes the remainder, as in the reference.
            int count = ring < RING_RADII.length - 1 ? perRing : n - filled;
            for (int j = 0; j < count; j++) {
                double angle = 2 * Math.PI * j / count;
                double radius = RING_RADII[ring];
                grid[filled++] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
            }
        }
        // Drawing from the grid with replacement makes the points independent given the grid.
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] point = grid[rng.nextInt(n)];
            points[i] = withNoise(point[0], point[1], 0.08, rng);
        }
        return points;
    }

    private static double[] withNoise(double x, double y, double std, Random rng) {
        return new double[] {x + std * rng.nextGaussian(), y + std * rng.nextGaussian()};
    }
}
