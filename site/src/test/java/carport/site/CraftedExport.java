package carport.site;

import carport.core.cid.Cid;
import carport.core.repo.TestRepo;
import carport.core.syntax.Tid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * An export folder written from crafted records (a TestRepo CAR, a manifest, blob files): the cases the
 * browser tests check, each in a post whose text says what it is.
 */
final class CraftedExport {
    static final String DID = "did:plc:crafted2site3test4abcdef";
    static final String HANDLE = "crafted.example.com";
    static final String NAME = "Crafted Tester ✨";
    static final String SECRET = "PRIVATE-PREFERENCE-should-never-appear";
    static final String EMOJI_TEXT = "😀🎉 read carport docs now";
    static final String EMOJI_LINK = "carport docs";
    static final String ALT_WORD = "wombatlighthouse";
    static final String TEXT_WORD = "quokkasunrise";
    static final String HOSTILE_TEXT = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> click me";
    static final String OLDEST_TEXT = "the very first post, long ago";
    static final String CUSTOM = "com.example.devnet.note";

    final Path dir;
    final List<String> blobCids = new ArrayList<>();
    int posts;

    private final TestRepo.Builder repo = new TestRepo.Builder().did(DID);
    private final Map<String, Cid> blobs = new LinkedHashMap<>();
    private int seq;

    private CraftedExport(Path dir) {
        this.dir = dir;
    }

    /** Writes the export into {@code parent/<did>} and returns it. */
    static CraftedExport write(Path parent) throws IOException {
        CraftedExport e = new CraftedExport(parent.resolve(DID));
        Files.createDirectories(e.dir.resolve("_blob"));
        e.records();
        e.finish();
        return e;
    }

    private void records() throws IOException {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("$type", "app.bsky.actor.profile");
        profile.put("displayName", NAME);
        profile.put("description", "Test account for the offline site.\nSecond line <b>not bold</b>.");
        profile.put("avatar", blob(png(200, 200, new Color(0x3b82f6)), "image/png"));
        profile.put("banner", blob(png(600, 200, new Color(0x10b981)), "image/png"));
        repo.record("app.bsky.actor.profile/self", profile);

        String oldest = post(OLDEST_TEXT, "2021-01-05T10:00:00.000Z", null, null, null);
        // one post a month for 14 months, to page and navigate by month
        for (int i = 0; i < 40; i++) {
            int month = i % 14;
            post("Filler post " + i + " about the weather", String.format("2023-%02d-%02dT12:00:00.000Z",
                    1 + month % 12, 1 + i % 27).replace("2023-", month >= 12 ? "2024-" : "2023-"), null, null, null);
        }
        // emoji before a link facet: "😀🎉 " is 4+4+1 bytes, so the link starts at byte 14 ("read " is 5 more)
        int start = EMOJI_TEXT.substring(0, EMOJI_TEXT.indexOf(EMOJI_LINK)).getBytes(StandardCharsets.UTF_8).length;
        int end = start + EMOJI_LINK.getBytes(StandardCharsets.UTF_8).length;
        post(EMOJI_TEXT, "2025-03-01T09:00:00.000Z", List.of(facet(start, end, link("https://example.com/docs"))), null,
                null);
        // non-Latin text with a mention and a hashtag
        String jp = "こんにちは @bob.test さん #日本語";
        int ms = jp.indexOf("@bob.test");
        int ts = jp.indexOf("#日本語");
        post(jp, "2025-03-02T09:00:00.000Z", List.of(
                facet(bytes(jp, ms), bytes(jp, ms + 9), Map.of("$type", "app.bsky.richtext.facet#mention",
                        "did", "did:plc:bobbobbobbobbobbobbobbob")),
                facet(bytes(jp, ts), bytes(jp, jp.length()), Map.of("$type", "app.bsky.richtext.facet#tag", "tag", "日本語"))),
                null, null);
        // hostile: markup in the text, a javascript: link, a facet past the end, overlapping facets
        int hl = HOSTILE_TEXT.getBytes(StandardCharsets.UTF_8).length;
        post(HOSTILE_TEXT, "2025-03-03T09:00:00.000Z", List.of(
                facet(hl - 8, hl, link("javascript:window.__pwned=3")),
                facet(0, 8, link("https://example.com/a")),
                facet(4, 12, link("https://example.com/overlap")),
                facet(hl - 2, hl + 50, link("https://example.com/past-the-end")),
                facet(1, 2, Map.of("$type", "app.bsky.richtext.facet#mention", "did", "javascript:alert(1)"))),
                null, null);
        // images with alt text and aspect ratios
        Map<String, Object> img1 = image(png(320, 180, new Color(0xf59e0b)), "A " + ALT_WORD + " at dusk", 16, 9);
        Map<String, Object> img2 = image(png(180, 320, new Color(0x8b5cf6)), "Tall purple rectangle", 9, 16);
        post("Two pictures from the coast", "2025-03-04T09:00:00.000Z", null,
                Map.of("$type", "app.bsky.embed.images", "images", List.of(img1, img2)), null);
        // a picture referenced the legacy way ({"cid", "mimeType"}), as very old records do
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("image", Map.of("cid", blob(png(100, 100, new Color(0x0ea5e9)), "image/png").get("ref").toString(),
                "mimeType", "image/png"));
        legacy.put("alt", "Legacy reference");
        post("An old-style picture", "2025-03-04T10:00:00.000Z", null,
                Map.of("$type", "app.bsky.embed.images", "images", List.of(legacy)), null);
        post("A post about the " + TEXT_WORD + " over the bay", "2025-03-05T09:00:00.000Z", null, null, null);
        // external card with a thumbnail
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("uri", "https://example.com/article");
        ext.put("title", "An example article");
        ext.put("description", "What the article is about.");
        ext.put("thumb", blob(png(120, 90, new Color(0xef4444)), "image/png"));
        post("Worth reading", "2025-03-06T09:00:00.000Z", null, Map.of("$type", "app.bsky.embed.external", "external", ext),
                null);
        // a thread: root, reply, reply to the reply; and a reply to someone else
        String root = post("Thread root: what is a CAR file?", "2025-04-01T09:00:00.000Z", null, null, null);
        String r1 = post("First reply: content-addressed archive", "2025-04-01T09:05:00.000Z", null, null,
                reply(root, root));
        post("Second reply: blocks with CIDs", "2025-04-01T09:10:00.000Z", null, null, reply(root, r1));
        post("Replying to a stranger", "2025-04-02T09:00:00.000Z", null, null,
                Map.of("root", ref("at://did:plc:someoneelse1234567890ab/app.bsky.feed.post/3kabcdefghijk"),
                        "parent", ref("at://did:plc:someoneelse1234567890ab/app.bsky.feed.post/3kabcdefghijk")));
        // quotes: one of our own post, one of someone else's
        post("Quoting myself", "2025-04-03T09:00:00.000Z", null,
                Map.of("$type", "app.bsky.embed.record", "record", ref(uri(root))), null);
        post("Quoting a stranger", "2025-04-04T09:00:00.000Z", null,
                Map.of("$type", "app.bsky.embed.record", "record",
                        ref("at://did:plc:someoneelse1234567890ab/app.bsky.feed.post/3kzzzzzzzzzzz")), null);
        // video (a few bytes: the browser cannot play it, the page must still stand)
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("$type", "app.bsky.embed.video");
        video.put("video", blob("not really a video".getBytes(StandardCharsets.UTF_8), "video/mp4"));
        video.put("alt", "A short clip");
        video.put("aspectRatio", Map.of("width", 16L, "height", 9L));
        post("A video", "2025-04-05T09:00:00.000Z", null, video, null);
        // an undated post with a TID key: sorted by its key's time
        posts++;
        Map<String, Object> undated = new LinkedHashMap<>();
        undated.put("$type", "app.bsky.feed.post");
        undated.put("text", "no createdAt here");
        long micros = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli() * 1000;
        repo.record("app.bsky.feed.post/" + Tid.of(micros, 7), undated);

        for (int i = 0; i < 3; i++) {
            repo.record("app.bsky.feed.like/" + TestRepo.tid(100 + i), TestRepo.record("app.bsky.feed.like", i, 0));
        }
        Map<String, Object> follow = new LinkedHashMap<>();
        follow.put("$type", "app.bsky.graph.follow");
        follow.put("subject", "did:plc:bobbobbobbobbobbobbobbob");
        follow.put("createdAt", "2024-01-01T00:00:00.000Z");
        repo.record("app.bsky.graph.follow/" + TestRepo.tid(200), follow);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("$type", CUSTOM);
        note.put("title", "A custom lexicon record </pre><script>window.__pwned=4</script>");
        note.put("n", 42L);
        repo.record(CUSTOM + "/" + TestRepo.tid(300), note);
    }

    private static int bytes(String s, int charIndex) {
        return s.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, Object> facet(int start, int end, Map<String, Object> feature) {
        return Map.of("index", Map.of("byteStart", (long) start, "byteEnd", (long) end), "features", List.of(feature));
    }

    private static Map<String, Object> link(String uri) {
        return Map.of("$type", "app.bsky.richtext.facet#link", "uri", uri);
    }

    private static String uri(String rkey) {
        return "at://" + DID + "/app.bsky.feed.post/" + rkey;
    }

    private static Map<String, Object> ref(String uri) {
        return Map.of("uri", uri, "cid", "bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4");
    }

    private static Map<String, Object> reply(String root, String parent) {
        return Map.of("root", ref(uri(root)), "parent", ref(uri(parent)));
    }

    private Map<String, Object> image(byte[] png, String alt, long w, long h) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", blob(png, "image/png"));
        m.put("alt", alt);
        m.put("aspectRatio", Map.of("width", w, "height", h));
        return m;
    }

    /** Saves a blob file and returns its reference. */
    private Map<String, Object> blob(byte[] data, String mime) throws IOException {
        Cid cid = Cid.of(Cid.RAW, data);
        Files.write(dir.resolve("_blob").resolve(cid.toString()), data);
        blobs.put(cid.toString(), cid);
        blobCids.add(cid.toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", "blob");
        m.put("ref", cid);
        m.put("mimeType", mime);
        m.put("size", (long) data.length);
        return m;
    }

    static byte[] png(int w, int h, Color c) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.setColor(c.darker());
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private String post(String text, String createdAt, List<Map<String, Object>> facets, Map<String, Object> embed,
            Map<String, Object> reply) {
        String rkey = TestRepo.tid(seq++);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", "app.bsky.feed.post");
        m.put("text", text);
        m.put("createdAt", createdAt);
        if (facets != null) {
            m.put("facets", facets);
        }
        if (embed != null) {
            m.put("embed", embed);
        }
        if (reply != null) {
            m.put("reply", reply);
        }
        m.put("langs", List.of("en"));
        repo.record("app.bsky.feed.post/" + rkey, m);
        posts++;
        return rkey;
    }

    private void finish() throws IOException {
        repo.write(dir.resolve("_repo.car"));
        Files.writeString(dir.resolve("_preferences.json"), "{\"preferences\": [\"" + SECRET + "\"]}\n");
        String now = Instant.now().toString();
        Files.writeString(dir.resolve("_export.json"), "{\"format\": 1, \"did\": \"" + DID + "\", \"handle\": \"" + HANDLE
                + "\", \"pds\": \"https://pds.example.com\", \"rev\": \"3l000000000000\", \"commit\": "
                + "\"bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4\", \"records\": 1, \"blobs\": "
                + blobs.size() + ", \"verified\": true, \"sync\": \"full\", \"started\": \"" + now + "\", \"finished\": \""
                + now + "\", \"carport\": \"test\", \"failures\": [], \"recordFileNames\": {\"caseInsensitive\": false, "
                + "\"windows\": false}}\n");
    }
}
