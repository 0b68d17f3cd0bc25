/*
 * pac_cli.h - the `m365route pac` verb: generation (cmd_pac.c) and, as
 * `m365route pac audit`, the audit of an existing PAC file
 * (cmd_pac_audit.c).
 */
#ifndef MR_PAC_CLI_H
#define MR_PAC_CLI_H

/** m365route pac [options]; argv[0] is "pac". */
int cmd_pac(int argc, char **argv);
/** m365route pac audit [options] FILE; argv[0] is "audit". */
int cmd_pac_audit(int argc, char **argv);

#endif
