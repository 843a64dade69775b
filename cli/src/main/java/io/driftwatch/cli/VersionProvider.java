package io.driftwatch.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by Maven), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DriftwatchCommand.class.getPackage().getImplementationVersion();
        return new String[] {"driftwatch " + (version == null ? "development" : version)};
    }
}
