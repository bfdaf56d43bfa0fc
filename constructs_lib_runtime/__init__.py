"""Run-time helpers for handler code. Standard library only: safe to import in Lambda.

QueueWorker functions get this package in their deployment asset automatically, and so
does any other zip function whose code imports it (never list it in requirements.txt).
"""
