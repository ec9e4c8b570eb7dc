package staff

// WalledTargetsSQL lets the tests read the plan of WalledTargets' query.
const WalledTargetsSQL = walledTargetsSQL
