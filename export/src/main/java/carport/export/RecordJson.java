package carport.export;

import carport.core.json.AtJson;
import java.io.ByteArrayOutputStream;

/** The JSON file of one record: its atproto JSON form, indented by two spaces, with a final newline. */
final class RecordJson {
    private RecordJson() {}

    static byte[] render(byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * 2 + 16);
        AtJson.transcode(block, 0, block.length, out, true);
        out.write('\n');
        return out.toByteArray();
    }
}
