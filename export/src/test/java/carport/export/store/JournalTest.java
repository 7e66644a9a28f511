package carport.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.export.unpack.RecordFileNames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JournalTest {
    @Test
    void roundTripsEveryField() {
        Journal j = new Journal(null, "bafyto", true, RecordFileNames.of(true, false), Journal.Phase.RECORDS);
        Journal back = Journal.parse(j.toJson());
        assertThat(back.from()).isNull();
        assertThat(back.to()).isEqualTo("bafyto");
        assertThat(back.keepDeleted()).isTrue();
        assertThat(back.names().caseInsensitive()).isTrue();
        assertThat(back.names().windows()).isFalse();
        assertThat(back.phase()).isEqualTo(Journal.Phase.RECORDS);
        Journal k = j.withPhase(Journal.Phase.FILES);
        assertThat(Journal.parse(k.toJson()).phase()).isEqualTo(Journal.Phase.FILES);
        Journal l = new Journal("bafyfrom", "bafyto", false, RecordFileNames.PLAIN, Journal.Phase.FILES);
        assertThat(Journal.parse(l.toJson()).from()).isEqualTo("bafyfrom");
    }

    @Test
    void aDamagedJournalIsInvalidData() {
        assertThatThrownBy(() -> Journal.parse("{\"to\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("journal is damaged");
    }
}
