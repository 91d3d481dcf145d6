/**
 * The {@code dde} command line (picocli): the offline commands, the streaming roles and the demo, the local broker
 * and the producer. Commands are thin: they parse and check options, read and write files, and hand the work to the
 * engine and the streaming layer. A user's mistake ends in one line naming what was wrong and a non-zero exit. Each
 * command's {@code --help} and the README document the options.
 */
package io.ddestream.cli;
