package io.ddestream.cli.options;

import io.ddestream.engine.density.Standardizer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --scaling quantiles|moments} (the ids of {@link Standardizer.Method}). */
public final class ScalingConverter implements ITypeConverter<Standardizer.Method> {

    /** The help text every {@code --scaling} option shares. */
    public static final String DESCRIPTION = "How features are standardized: quantiles (median and 5%%-95%% range, robust "
            + "to outliers and heavy tails) or moments (mean and std) (default ${DEFAULT-VALUE}).";

    @Override
    public Standardizer.Method convert(String value) {
        try {
            return Standardizer.Method.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("must be quantiles or moments, got '" + value + "'");
        }
    }
}
