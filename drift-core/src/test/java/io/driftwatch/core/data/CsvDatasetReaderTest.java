package io.driftwatch.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void infersNumericAndCategoricalColumnsWithMissingValues() throws Exception {
        Dataset data = CsvDatasetReader.read(csv("age,country,code\n30,DE,1\n,FR,2\nNA,,3\n"),
                Map.of("code", ColumnKind.CATEGORICAL));
        assertThat(data.rows()).isEqualTo(3);
        FeatureColumn.Numeric age = (FeatureColumn.Numeric) data.column("age").orElseThrow();
        assertThat(age.values()[0]).isEqualTo(30.0);
        assertThat(age.values()[1]).isNaN();
        assertThat(data.column("country").orElseThrow()).isInstanceOf(FeatureColumn.Categorical.class);
        assertThat(((FeatureColumn.Categorical) data.column("country").orElseThrow()).values()).containsExactly("DE", "FR", null);
        assertThat(data.column("code").orElseThrow()).isInstanceOf(FeatureColumn.Categorical.class);
    }

    @Test
    void raggedRowNamesFileAndLine() throws Exception {
        Path file = csv("a,b\n1,2\n3\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(file, Map.of()))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ":3: 1 fields, expected 2 as in the header");
    }

    @Test
    void textInANumericColumnNamesFileLineAndValue() throws Exception {
        Path file = csv("a,b\n1,2\n3,x\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(file, Map.of("b", ColumnKind.NUMERIC)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ":3: column 'b' is numeric but 'x' is not a finite number");
    }

    @Test
    void emptyFileMissingFileAndUnknownColumnAreClearErrors() throws Exception {
        assertThatThrownBy(() -> CsvDatasetReader.read(csv(""), Map.of())).hasMessageContaining("empty file");
        assertThatThrownBy(() -> CsvDatasetReader.read(csv("a,b\n"), Map.of())).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvDatasetReader.read(dir.resolve("nope.csv"), Map.of()))
                .hasMessageEndingWith("nope.csv: no such file");
        assertThatThrownBy(() -> CsvDatasetReader.read(csv("a\n1\n"), Map.of("zz", ColumnKind.CATEGORICAL)))
                .hasMessageContaining("no column 'zz'");
    }
}
