package io.keyguard.testing;

/**
 * Work that meets: each piece calls {@link #join} and waits there until {@code size} pieces are running at once (or
 * all {@code total} have started), then all of them go on. Code that runs work concurrently thus surely reaches the
 * concurrency it allows, on real threads, without a sleep; {@link #mostAtOnce} is then what it allowed. Code that
 * allows fewer at once fails in {@link #join}, naming how many met, instead of hanging.
 */
public final class Meeting {

    /** Far above any machine's pace: only a defect keeps the pieces from meeting this long. */
    private static final long PATIENCE_MILLIS = 60_000;

    private final int size;
    private final int total;
    private int running;
    private int started;
    private int meetings;
    private int mostAtOnce;

    public Meeting(int size, int total) {
        this.size = size;
        this.total = total;
    }

    public synchronized int mostAtOnce() {
        return mostAtOnce;
    }

    public synchronized void join() {
        running++;
        started++;
        mostAtOnce = Math.max(mostAtOnce, running);
        int joined = meetings;
        if (running == size || started == total) {
            meetings++;
            notifyAll();
        }
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (meetings == joined) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("only " + running + " ever ran at once, not " + size);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while meeting", e);
            }
        }
        running--;
    }
}
