"""Who can do what: owners and their levels, the cross-training matrix, absences, key-person risk,
workload and training plans."""
