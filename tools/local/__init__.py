"""Local deployment of the demo app on the ministack emulator (make deploy-local, make dev)."""
