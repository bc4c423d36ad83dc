package io.keyguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose work runs only when the test says, on the test's thread: concurrency without a race. The code
 * under test submits as much as it allows itself and then waits for an outcome; {@link #awaitRound} returns at that
 * moment with everything submitted and not yet run, which is exactly what the code had in flight at once. The
 * submitter must submit something after taking the outcomes of a round, or end (as a bounded work loop does).
 */
public final class SteppedPool extends AbstractExecutorService {

    /** Far above any machine's pace: only a defect in the code under test takes this long to stop submitting. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final List<Runnable> queued = new ArrayList<>();
    private boolean shutdown;

    @Override
    public synchronized void execute(Runnable work) {
        if (shutdown) {
            throw new RejectedExecutionException("the pool is shut down");
        }
        queued.add(work);
    }

    /**
     * Waits until {@code submitter} has stopped submitting (it waits for an outcome, or has ended) and hands over the
     * work it queued meanwhile; the caller runs it.
     *
     * @throws IllegalStateException when the submitter neither waits nor ends within a minute
     */
    public List<Runnable> awaitRound(Thread submitter) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (true) {
            // Read the state first: work queued after a WAITING was seen came from a submitter that woke up since.
            Thread.State state = submitter.getState();
            synchronized (this) {
                // A submitter that was just handed outcomes still shows WAITING until it runs, so a round starts
                // only once it queued something new; a finished one hands over what is left (nothing, normally).
                if (state == Thread.State.TERMINATED || state == Thread.State.WAITING && !queued.isEmpty()
                        && submitter.getState() == Thread.State.WAITING) {
                    List<Runnable> round = List.copyOf(queued);
                    queued.clear();
                    return round;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(submitter.getName() + " neither waited for an outcome nor ended"
                        + " within a minute");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queued);
        queued.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
