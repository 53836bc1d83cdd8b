from luoshi.notifications.tests.recorder import server

__all__ = ["server"]
