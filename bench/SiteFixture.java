import carport.core.cid.Cid;
import carport.core.repo.TestRepo;
import carport.core.syntax.Tid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The `site` phase's large fixture (bench/README.md): an export folder holding a generated repository of POSTS posts
 * over five years (one in five with facets after an emoji, one in six a reply to an earlier post, IMAGES of them with
 * a real small PNG blob and alt text) plus a profile, written with core's test-jar TestRepo (unsigned commit: the site
 * does not verify; `carport check` would refuse it). Usage: java -cp carport.jar:core-tests.jar SiteFixture.java DIR POSTS IMAGES
 */
public class SiteFixture {
    public static void main(String[] args) throws Exception {
        Path parent = Path.of(args[0]);
        int posts = Integer.parseInt(args[1]);
        int images = Integer.parseInt(args[2]);
        String did = "did:plc:benchsite2x3y4z5a6b7c8d9e";
        Path dir = parent.resolve(did);
        Files.createDirectories(dir.resolve("_blob"));
        Random rnd = new Random(1);
        TestRepo.Builder repo = new TestRepo.Builder().did(did);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("$type", "app.bsky.actor.profile");
        profile.put("displayName", "Bench Account 📚");
        profile.put("description", "A generated account of " + posts + " posts.");
        profile.put("avatar", blob(dir, png(96, 96, new Color(0x3b82f6)), "image/png"));
        repo.record("app.bsky.actor.profile/self", profile);
        long start = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        long span = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() - start;
        String[] words = {"sunrise", "harbour", "commit", "record", "lighthouse", "garden", "archive", "thread",
            "coffee", "mountain", "river", "library", "protocol", "weather", "bicycle", "concert"};
        List<String> keys = new ArrayList<>();
        int imageEvery = images > 0 ? Math.max(1, posts / images) : Integer.MAX_VALUE;
        int withImages = 0;
        for (int i = 0; i < posts; i++) {
            long t = start + span * i / posts;
            String rkey = Tid.of(t * 1000, i % 1024).toString();
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6 + rnd.nextInt(20); w++) {
                text.append(words[rnd.nextInt(words.length)]).append(' ');
            }
            text.append("#").append(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("$type", "app.bsky.feed.post");
            if (i % 5 == 0) {
                String prefix = "😀 see ";
                String link = "example.com/" + i;
                int s = prefix.getBytes(StandardCharsets.UTF_8).length;
                m.put("text", prefix + link + " " + text);
                m.put("facets", List.of(Map.of("index", Map.of("byteStart", (long) s, "byteEnd",
                        (long) (s + link.length())), "features", List.of(Map.of("$type",
                        "app.bsky.richtext.facet#link", "uri", "https://" + link)))));
            } else {
                m.put("text", text.toString());
            }
            m.put("createdAt", Instant.ofEpochMilli(t).toString());
            m.put("langs", List.of("en"));
            if (i % 6 == 5 && !keys.isEmpty()) {
                String root = keys.get(rnd.nextInt(keys.size()));
                String parentKey = keys.get(keys.size() - 1);
                m.put("reply", Map.of("root", ref(did, root), "parent", ref(did, parentKey)));
            }
            if (i % imageEvery == 0 && withImages < images) {
                withImages++;
                Map<String, Object> img = new LinkedHashMap<>();
                img.put("image", blob(dir, png(64, 48, new Color(rnd.nextInt(0xffffff))), "image/png"));
                img.put("alt", "generated picture " + i + " of a " + words[i % words.length]);
                img.put("aspectRatio", Map.of("width", 4L, "height", 3L));
                m.put("embed", Map.of("$type", "app.bsky.embed.images", "images", List.of(img)));
            }
            repo.record("app.bsky.feed.post/" + rkey, m);
            keys.add(rkey);
        }
        repo.write(dir.resolve("_repo.car"));
        long blobs;
        try (var s = Files.list(dir.resolve("_blob"))) {
            blobs = s.count();
        }
        String now = Instant.now().toString();
        Files.writeString(dir.resolve("_export.json"), "{\"format\": 1, \"did\": \"" + did + "\", \"handle\": "
                + "\"bench.example.com\", \"pds\": \"https://pds.example.com\", \"rev\": \"3l000000000000\", \"commit\": "
                + "\"bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4\", \"records\": " + (posts + 1)
                + ", \"blobs\": " + blobs + ", \"verified\": true, \"sync\": \"full\", \"started\": \"" + now
                + "\", \"finished\": \"" + now + "\", \"carport\": \"bench\", \"failures\": [], \"recordFileNames\": "
                + "{\"caseInsensitive\": false, \"windows\": false}}\n");
        System.out.println("{\"dir\": \"" + dir + "\", \"posts\": " + posts + ", \"images\": " + withImages
                + ", \"blobs\": " + blobs + "}");
    }

    private static Map<String, Object> ref(String did, String rkey) {
        return Map.of("uri", "at://" + did + "/app.bsky.feed.post/" + rkey, "cid",
                "bafyreifwzs4ewtkrfnwj6jbrctftqknpsmbbfcgznotgj6pwnp322mn3r4");
    }

    private static Map<String, Object> blob(Path dir, byte[] data, String mime) throws Exception {
        Cid cid = Cid.of(Cid.RAW, data);
        Files.write(dir.resolve("_blob").resolve(cid.toString()), data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$type", "blob");
        m.put("ref", cid);
        m.put("mimeType", mime);
        m.put("size", (long) data.length);
        return m;
    }

    private static byte[] png(int w, int h, Color c) throws Exception {
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
}
