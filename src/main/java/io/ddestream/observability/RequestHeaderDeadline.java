package io.ddestream.observability;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection on which a request line and headers keep arriving without ever completing: a client that
 * trickles a byte just inside every read timeout is never idle, so the idle timeout alone would let it keep the
 * connection for ever. Every {@code period} each connection is looked at: bytes came in but no request was
 * completed (Jetty counts a request once its headers are read). Two such periods in a row close it, so a request's
 * headers get two to three periods; a client that pauses between requests, or whose request straddles one look,
 * is left alone.
 */
final class RequestHeaderDeadline implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeaderDeadline.class);

    private final Scheduler scheduler;
    private final long periodMillis;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

    RequestHeaderDeadline(Scheduler scheduler, long periodMillis) {
        this.scheduler = scheduler;
        this.periodMillis = periodMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        watch.schedule();
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watches.remove(connection);
        if (watch != null) {
            watch.cancel();
        }
    }

    /** One connection's progress at the last look; touched only by the scheduler's thread. */
    private final class Watch implements Runnable {
        private final Connection connection;
        private long bytesIn;
        private long requestsIn;
        private boolean headersPending;
        private volatile Scheduler.Task task;

        Watch(Connection connection) {
            this.connection = connection;
        }

        void schedule() {
            task = scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            Scheduler.Task scheduled = task;
            if (scheduled != null) {
                scheduled.cancel();
            }
        }

        @Override
        public void run() {
            if (!watches.containsKey(connection)) {
                return;
            }
            long bytes = connection.getBytesIn();
            long requests = connection.getMessagesIn();
            boolean pending = bytes > bytesIn && requests == requestsIn;
            bytesIn = bytes;
            requestsIn = requests;
            if (pending && headersPending) {
                LOG.debug("closing {}: its request headers took over {} ms", connection.getEndPoint(), periodMillis);
                connection.getEndPoint().close();
                return;
            }
            headersPending = pending;
            schedule();
        }
    }
}
