package carport.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

    @Test
    void timestampsAreWrittenAsInstantToStringWritesThem() throws Exception {
        SplittableRandom rnd = new SplittableRandom(12);
        long lo = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long hi = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        List<Instant> ts = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2024-11-22T17:31:18.98Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")));
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(rnd.nextLong(lo, hi + 1), rnd.nextInt(1_000_000_000));
            ts.add(switch (i % 4) {
                case 0 -> t.truncatedTo(ChronoUnit.SECONDS);
                case 1 -> t.truncatedTo(ChronoUnit.MILLIS);
                case 2 -> t.truncatedTo(ChronoUnit.MICROS);
                default -> t;
            });
        }
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (RowWriter j = RowWriter.jsonl(jsonl); RowWriter c = RowWriter.csv(csv)) {
            for (Instant t : ts) {
                RecordRow row = new RecordRow("d", "c", "r", null, null, null, null, t, null, 1);
                j.write(row);
                c.write(row);
            }
        }
        String[] jl = jsonl.toString(StandardCharsets.UTF_8).split("\n");
        String[] cl = csv.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(jl).hasSize(ts.size());
        assertThat(cl).hasSize(ts.size() + 1);
        for (int i = 0; i < ts.size(); i++) {
            assertThat(JSON.readTree(jl[i]).get("created_at").asText()).isEqualTo(ts.get(i).toString());
            assertThat(cl[i + 1]).isEqualTo("d,c,r,,,,," + ts.get(i) + ",,1");
        }
    }

    @Test
    void repeatedColumnsFollowTheirValueNotTheFirstRow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] types = {"a.b.c", "a.b.c", new String("a.b.c"), "x.y.z", "\u00e9.\"q", "a.b.c"};
        try (RowWriter w = RowWriter.jsonl(out)) {
            for (int i = 0; i < types.length; i++) {
                w.write(new RecordRow("did:" + (i / 2), types[i], "k" + i, null, null, i % 3 == 0 ? null : "r" + i,
                        types[i], null, null, i));
            }
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < types.length; i++) {
            JsonNode a = JSON.readTree(lines[i]);
            assertThat(a.get("did").asText()).isEqualTo("did:" + (i / 2));
            assertThat(a.get("collection").asText()).isEqualTo(types[i]);
            assertThat(a.get("type").asText()).isEqualTo(types[i]);
            assertThat(a.get("rev").isNull()).isEqualTo(i % 3 == 0);
            assertThat(a.get("size").asInt()).isEqualTo(i);
        }
    }
}
