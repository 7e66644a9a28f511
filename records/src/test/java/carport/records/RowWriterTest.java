package carport.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RowWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinesEscapeEveryStringAndKeepTheRecordAsAnObject() throws Exception {
        String hostile = "a\"b\\c\nd\te\u0001f/é😀\u2028";
        RecordRow row = new RecordRow("did:plc:x", "app.bsky.feed.post", hostile, "at://x", "bafy", null, hostile,
                Instant.parse("2024-01-02T03:04:05.123456Z"),
                "{\"text\":\"hi \\u00e9\",\"n\":1}".getBytes(StandardCharsets.UTF_8), 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter w = RowWriter.jsonl(out)) {
            w.write(row);
            w.write(new RecordRow("d", "c", "r", null, null, null, null, null, null, 1));
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode a = JSON.readTree(lines[0]);
        assertThat(a.get("rkey").asText()).isEqualTo(hostile);
        assertThat(a.get("type").asText()).isEqualTo(hostile);
        assertThat(a.get("rev").isNull()).isTrue();
        assertThat(a.get("created_at").asText()).isEqualTo("2024-01-02T03:04:05.123456Z");
        assertThat(a.get("record").get("text").asText()).isEqualTo("hi é");
        assertThat(a.get("size").asInt()).isEqualTo(42);
        assertThat(JSON.readTree(lines[1]).get("record").isNull()).isTrue();
        assertThat(lines[0]).doesNotContain("\u0001");
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        RecordRow row = new RecordRow("did:plc:x", "c", "k", "at://x", "bafy", "3l", "t", null,
                "{\"a\":\"x,y\"}".getBytes(StandardCharsets.UTF_8), 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter w = RowWriter.csv(out)) {
            w.write(row);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "did,collection,rkey,uri,cid,rev,type,created_at,record,size\r\n"
                        + "did:plc:x,c,k,at://x,bafy,3l,t,,\"{\"\"a\"\":\"\"x,y\"\"}\",7\r\n");
    }
}
