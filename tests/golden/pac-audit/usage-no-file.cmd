pac audit
