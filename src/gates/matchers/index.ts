export { toHaveMembershipAucBelow, type MembershipMatcherOptions } from './to-have-membership-auc-below.js'
export { toHaveSurrogateFidelityBelow, type FidelityMatcherOptions } from './to-have-surrogate-fidelity-below.js'
