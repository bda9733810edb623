"""The op runner: service calls on one worker thread, results back as signals."""
