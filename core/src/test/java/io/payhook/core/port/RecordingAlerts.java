package io.payhook.core.port;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Alerts that unit tests read back. */
public final class RecordingAlerts implements Alerts {
    public final List<Alert> raised = new CopyOnWriteArrayList<>();

    @Override
    public boolean raise(Alert alert) {
        raised.add(alert);
        return true;
    }
}
