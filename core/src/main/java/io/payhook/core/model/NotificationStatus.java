package io.payhook.core.model;

/** Lifecycle of one customer notification. */
public enum NotificationStatus { QUEUED, SENT, FAILED }
