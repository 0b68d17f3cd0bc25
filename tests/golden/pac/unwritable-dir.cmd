pac -o /nonexistent-dir/proxy.pac
