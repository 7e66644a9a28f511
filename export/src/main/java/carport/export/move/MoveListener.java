package carport.export.move;

/** What {@code migrate} and {@code restore} tell their user as they go. */
public interface MoveListener {
    /** A step begins or a fact worth a line. */
    default void say(String line) {}

    /** Blobs uploaded so far of {@code total}. */
    default void blobUploads(long done, long total) {}
}
