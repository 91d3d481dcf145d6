package io.ddestream.cli;

import picocli.CommandLine.IVersionProvider;

/** The build's version, from the jar manifest (or "development" when run from classes). */
public final class BuildInfo implements IVersionProvider {

    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"dde-stream " + version()};
    }
}
