"""The Windows-only pieces of the runner, all here, all behind `sys.platform == "win32"`.

* `CREATION_FLAGS`: a worker starts in a new process group, so Ctrl-C in the console
  reaches the judge only (POSIX uses a new session for that, spawn.py).
* `contain(pid, memory, processes)` and `release(job)`: a Job Object per worker that the OS itself enforces: every
  process the worker starts joins it, the job's memory and process count are capped, and
  closing the judge's handle (the judge exits, even by a crash) kills all of it.

Elsewhere both are no-ops: `CREATION_FLAGS` is 0 and `contain` returns None. The judge's
psutil watchdog (portable_family.py) holds the same limits on every platform; the job is
the backstop that outlives the judge.
"""

from __future__ import annotations

import subprocess
import sys

__all__ = ["CREATION_FLAGS", "contain", "release"]

CREATION_FLAGS = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if sys.platform == "win32" else 0

# JOBOBJECT_EXTENDED_LIMIT_INFORMATION's LimitFlags, and the information class that sets it.
_JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x00000008
_JOB_OBJECT_LIMIT_JOB_MEMORY = 0x00000200
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9
_PROCESS_SET_QUOTA_AND_TERMINATE = 0x0100 | 0x0001


def contain(pid: int, memory_bytes: int, max_processes: int):
    """Put the process `pid` in a new Job Object with these limits; returns the job's handle (keep it).

    None where this is not Windows or the job cannot be made (then the watchdog alone holds
    the limits). The handle closes when the judge exits, and the job's processes die with it.
    """
    if sys.platform != "win32":
        return None
    try:
        return _new_job(pid, memory_bytes, max_processes)
    except OSError:
        return None


def release(job) -> None:
    """Close a job's handle: with kill-on-close, every process still in it dies now."""
    if job is None or sys.platform != "win32":
        return
    import ctypes

    ctypes.WinDLL("kernel32").CloseHandle(job)


def _new_job(pid: int, memory_bytes: int, max_processes: int):
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_ulonglong) for name in ("read_ops", "write_ops", "other_ops", "read", "write", "other")
        ]

    class BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", wintypes.LARGE_INTEGER),
            ("PerJobUserTimeLimit", wintypes.LARGE_INTEGER),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", BasicLimits),
            ("IoInfo", IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.OpenProcess.restype = wintypes.HANDLE
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise ctypes.WinError(ctypes.get_last_error())
    limits = ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = (
        _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | _JOB_OBJECT_LIMIT_JOB_MEMORY | _JOB_OBJECT_LIMIT_ACTIVE_PROCESS
    )
    limits.BasicLimitInformation.ActiveProcessLimit = max_processes
    limits.JobMemoryLimit = memory_bytes
    info_class = _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS
    if not kernel32.SetInformationJobObject(job, info_class, ctypes.byref(limits), ctypes.sizeof(limits)):
        error = ctypes.get_last_error()
        kernel32.CloseHandle(job)
        raise ctypes.WinError(error)
    process = kernel32.OpenProcess(_PROCESS_SET_QUOTA_AND_TERMINATE, False, pid)
    if not process:
        error = ctypes.get_last_error()
        kernel32.CloseHandle(job)
        raise ctypes.WinError(error)
    try:
        if not kernel32.AssignProcessToJobObject(job, process):
            error = ctypes.get_last_error()
            kernel32.CloseHandle(job)
            raise ctypes.WinError(error)
    finally:
        kernel32.CloseHandle(process)
    return job
