"""ops: what makes a configuration hard to run: outputs, logs, ordering, names, teardown, alarms."""
