/**
 * The dde-stream snapshot format: a versioned, checksummed binary container for trained models,
 * used both for model files on disk and for model records on Kafka topics ({@code dde.models},
 * {@code dde.generator.models}).
 *
 * <p>A {@link io.ddestream.engine.snapshot.Snapshot} is a kind, free-form JSON metadata and an
 * ordered list of named float {@link io.ddestream.engine.snapshot.Tensor}s;
 * {@link io.ddestream.engine.snapshot.SnapshotCodec} turns it into bytes and back. The byte layout
 * is specified in {@code docs/model-format.md}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Decoding trusts nothing. Input that is not exactly one intact snapshot of a supported
 *       version (truncated, bit-flipped, foreign, oversized, structurally invalid) is rejected
 *       with a {@link io.ddestream.engine.snapshot.SnapshotFormatException} saying what is wrong,
 *       and no allocation is sized by a length the input has not been checked to back.</li>
 *   <li>Only the fields the format defines are read: no Java serialization, no reflection.</li>
 *   <li>Snapshots and tensors are immutable and thread-safe; arrays are copied in and out.</li>
 *   <li>Nothing here knows Kafka or ND4J: tensors are Java arrays, encodings are byte arrays.</li>
 *   <li>Compatibility: any change that a reader of the current version could misread gets a new
 *       {@link io.ddestream.engine.snapshot.SnapshotCodec#FORMAT_VERSION}. A committed version-1
 *       file ({@code src/test/resources/snapshot/golden-v1.ddesnap}) must keep decoding.</li>
 * </ul>
 */
package io.ddestream.engine.snapshot;
