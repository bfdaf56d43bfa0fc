"""Run-time helpers for handler code. Standard library only: safe to import in Lambda.

QueueWorker functions get this package in their deployment asset automatically.
"""
