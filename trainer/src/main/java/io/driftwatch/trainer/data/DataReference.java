package io.driftwatch.trainer.data;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where a training's data came from, precisely enough to read the same rows again: topic offset
 * ranges plus the filter, or files with their sha256. Stored in each version's metadata.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DataReference.TopicRange.class, name = "topic"),
        @JsonSubTypes.Type(value = DataReference.FileSet.class, name = "files")})
public sealed interface DataReference permits DataReference.TopicRange, DataReference.FileSet {

    /** A one-line description, e.g. for the Baseline's {@code source} field. */
    String describe();

    /**
     * Records of {@code partitions} (offsets {@code [from, until)}), filtered to {@code modelId},
     * event time in {@code [from, to)} and a label present; {@code undecodableRecords} were skipped.
     */
    record TopicRange(String topic, String modelId, Instant from, Instant to, List<PartitionRange> partitions,
                      long undecodableRecords) implements DataReference {
        public TopicRange {
            partitions = List.copyOf(partitions);
        }

        @Override
        public String describe() {
            return topic + " " + partitions.stream().map(p -> p.partition() + ":[" + p.fromOffset() + "," + p.untilOffset() + ")")
                    .collect(Collectors.joining(" ")) + " model=" + modelId + " time=[" + from + "," + to + ")";
        }
    }

    record PartitionRange(int partition, long fromOffset, long untilOffset) {}

    /** Files in the order read; rows were filtered to event time {@code [from, to)} where a range was given. */
    record FileSet(List<FileRef> files, Instant from, Instant to) implements DataReference {
        public FileSet {
            files = List.copyOf(files);
        }

        @Override
        public String describe() {
            return files.stream().map(FileRef::path).collect(Collectors.joining(",")) + " time=[" + from + "," + to + ")";
        }
    }

    record FileRef(String path, String sha256) {}
}
