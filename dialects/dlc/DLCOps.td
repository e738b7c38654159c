//===- DLCOps.td - All dlc ops --------------------------------------------===//

#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "dlc/ModelOps.td"
include "dlc/LayerOps.td"
include "dlc/RecurrentOps.td"
include "dlc/LossOps.td"

#endif // DLC_OPS_TD
