package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.density.LogPartition;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.SnapshotFormatException;

/**
 * A {@link KlEstimate} as the metadata object {@code kl} that both the generator checkpoint and the generator part
 * of a model file keep (docs/model-format.md).
 */
final class KlEstimateCodec {

    private KlEstimateCodec() {
    }

    static void write(ObjectNode out, KlEstimate kl) {
        out.put("value", kl.value()).put("standard_error", kl.standardError())
                .put("mean_energy_gap", kl.meanEnergyGap()).put("log_z_p", kl.logZp()).put("samples", kl.samples());
        LogPartition z = kl.logZq();
        out.putObject("log_z_q").put("value", z.logZ()).put("standard_error", z.standardError())
                .put("effective_sample_size", z.effectiveSampleSize()).put("samples", z.samples());
    }

    /**
     * Reads what {@link #write} wrote, for a {@code d}-dimensional model.
     *
     * @throws SnapshotFormatException  if a field is missing or mistyped
     * @throws IllegalArgumentException if the values are inconsistent
     */
    static KlEstimate read(MetadataFields kl, int d) {
        MetadataFields logZq = kl.object("log_z_q");
        return new KlEstimate(kl.number("value"), kl.number("standard_error"), kl.number("mean_energy_gap"),
                kl.number("log_z_p"), new LogPartition(logZq.number("value"), logZq.number("standard_error"),
                logZq.number("effective_sample_size"), logZq.positiveInt("samples"), d), kl.positiveInt("samples"));
    }
}
