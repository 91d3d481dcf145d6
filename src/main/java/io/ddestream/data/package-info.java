/**
 * Data in and out of the system as plain Java arrays: numeric CSV tables, streaming CSV output and
 * the 2-D toy distributions of the DDE paper's reference code.
 *
 * <p>Nothing here knows of Kafka or ND4J. A table always holds finite values in at least one row
 * and one column; anything else read from a file is rejected with a {@link
 * io.ddestream.data.DataFileException} whose one-line message names the file, line and column at
 * fault.
 */
package io.ddestream.data;
