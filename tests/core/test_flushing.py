import threading

from core.flushing import PeriodicFlush


def test_the_thread_flushes_every_interval_and_survives_a_failing_flush():
    calls = []
    flushed_twice = threading.Event()

    def flush():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database is away")  # logged; the thread goes on
        flushed_twice.set()

    flusher = PeriodicFlush("test-flush", flush, lambda: 0.01)
    flusher.ensure_started()
    flusher.ensure_started()  # once per process
    assert flushed_twice.wait(5)
    assert [thread.name for thread in threading.enumerate()].count("test-flush") == 1
    flusher.stop()
    for thread in threading.enumerate():
        if thread.name == "test-flush":
            thread.join(5)
    assert "test-flush" not in [thread.name for thread in threading.enumerate()]


def test_an_interval_of_zero_starts_no_thread():
    flusher = PeriodicFlush("test-no-flush", lambda: None, lambda: 0)
    flusher.ensure_started()
    assert "test-no-flush" not in [thread.name for thread in threading.enumerate()]
