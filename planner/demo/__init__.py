"""The demo back office (demo.toml) and its loader, for `planner seed-demo`."""
