config --example trey-research --router er-seattle --format ios-xe
