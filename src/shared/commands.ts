// Every command id Go Health contributes, in one place for the extension, the language server's code actions and the tests.

export const COMMANDS = {
  rerun: 'goHealth.rerun',
  fixProblem: 'goHealth.fixProblem',
  undoLastFix: 'goHealth.undoLastFix',
  showReport: 'goHealth.showReport',
  openAuditLog: 'goHealth.openAuditLog',
  explain: 'goHealth.explain',
  applyFix: 'goHealth.applyFix',
  focus: 'goHealth.focus',
  manageTrust: 'goHealth.manageTrust',
  openLocation: 'goHealth.openLocation',
  debugWindowsAndWsl: 'goHealth.debugWindowsAndWsl',
  createPolicy: 'goHealth.createPolicy',
} as const;
