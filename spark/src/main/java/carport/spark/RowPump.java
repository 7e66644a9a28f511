package carport.spark;

import carport.records.RecordRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Turns the shared reader's push (a row sink) into Spark's pull ({@code next()}/{@code get()}): the reader runs
 * in its own thread and hands rows over in batches through a small bounded queue, so a 1M-record CAR never
 * sits in memory as rows. {@link #close()} stops the reader (a cancelled or failed task).
 */
final class RowPump<R> implements AutoCloseable {
    private static final int BATCH = 512;
    private static final List<RecordRow> END = new ArrayList<>();

    /** The reading work: hands rows to the sink, returns its result. */
    interface Work<R> {
        R run(Consumer<RecordRow> sink) throws Exception;
    }

    private final BlockingQueue<List<RecordRow>> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile R result;
    private volatile Throwable failure;
    private List<RecordRow> batch = List.of();
    private int pos;
    private boolean ended;

    RowPump(String name, Work<R> work) {
        thread = new Thread(() -> {
            List<RecordRow>[] pending = new List[] {new ArrayList<RecordRow>(BATCH)};
            try {
                result = work.run(row -> {
                    pending[0].add(row);
                    if (pending[0].size() == BATCH) {
                        put(pending[0]);
                        pending[0] = new ArrayList<>(BATCH);
                    }
                });
                if (!pending[0].isEmpty()) {
                    put(pending[0]);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                try {
                    if (!cancelled) {
                        queue.put(END);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void put(List<RecordRow> b) {
        if (cancelled) {
            throw new CancellationException("the task was stopped");
        }
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the task was stopped");
        }
    }

    /** The next row, or null at the end (then {@link #result()} is set, or the reader's failure is thrown). */
    RecordRow next() throws InterruptedException {
        while (pos == batch.size()) {
            if (ended) {
                return null;
            }
            List<RecordRow> b = queue.take();
            if (b == END) {
                ended = true;
                thread.join();
                if (failure != null) {
                    if (failure instanceof RuntimeException r) {
                        throw r;
                    }
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException(failure);
                }
                return null;
            }
            batch = b;
            pos = 0;
        }
        return batch.get(pos++);
    }

    R result() {
        return result;
    }

    @Override
    public void close() {
        if (!ended) {
            cancelled = true;
            thread.interrupt();
            queue.clear();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
