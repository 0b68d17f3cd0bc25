classify --frobnicate
