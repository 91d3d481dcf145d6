package io.ddestream.engine.generator;

import io.ddestream.engine.density.LogPartition;

import java.util.Locale;

/**
 * An estimate of {@code KL(q~ || p~)} between the generator's smoothed density and the data's (docs/method.md
 * section 3). With {@code s_q = log q~ + log Z_q} and {@code s_p = log p~ + log Z_p},
 *
 * <pre>
 *     KL(q~ || p~) = E_{x~ ~ q~}[ s_q(x~) - s_p(x~) ] + log Z_p - log Z_q
 * </pre>
 *
 * <p>the mean taken over noisy generator samples. It is as good as the two DDEs and the two normalizers: a
 * small negative value means "zero within the error", not a bug. KL is invariant under the standardization, so
 * the value holds in the user's units too.
 *
 * @param value          the estimate, in nats
 * @param standardError  its standard error: the mean's and both normalizers' standard errors, in quadrature
 * @param meanEnergyGap  the sample mean of {@code s_q(x~) - s_p(x~)}
 * @param logZp          {@code log Z_p}, from the data model
 * @param logZq          {@code log Z_q}, estimated with the generator's samples as the proposal's data
 * @param samples        the number of generator samples in the mean
 */
public record KlEstimate(double value, double standardError, double meanEnergyGap, double logZp, LogPartition logZq,
                         int samples) {

    public KlEstimate {
        if (samples < 2) {
            throw new IllegalArgumentException("a KL estimate needs at least 2 samples, got " + samples);
        }
    }

    /** One line for people, saying plainly when the estimate is not to be trusted because {@code log Z_q} is not. */
    public String describe() {
        String line = String.format(Locale.ROOT, "KL(q~||p~) = %.4f +- %.4f nats "
                        + "(mean s_q - s_p = %.4f over %d samples, log Z_p = %.4f, log Z_q = %.4f)",
                value, standardError, meanEnergyGap, samples, logZp, logZq.logZ());
        return logZq.reliable() ? line : line + " UNRELIABLE, since for log Z_q: " + logZq.describe();
    }
}
