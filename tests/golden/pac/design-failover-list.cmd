pac --example trey-research --group hq-clients --timestamp 0
