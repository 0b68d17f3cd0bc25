config --example trey-research --router er-nowhere
