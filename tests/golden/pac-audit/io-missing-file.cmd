pac audit tests/pac-audit/does-not-exist.pac
