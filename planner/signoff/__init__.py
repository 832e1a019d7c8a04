"""Sign-off (ダブルチェック): an occurrence prepared by one person, approved or returned by another."""
