/**
 * Parameter facts shared by several families of declarations: the blank-cell rules of optional parameters
 * (docs/references/office-addin.md §4) and the parameters declared alike in more than one family file. A
 * parameter shared within one family is declared in that family's file.
 */
import { opt, nonNegative } from "../declare";
import { YEARS } from "./plausible";

/** The blank-cell rule of an optional parameter whose default is 0. */
export const BLANK_IS_ZERO = "An empty cell gives 0.";
/** … and of one for which 0 is an error (`zeroMeansBlank`): Excel desktop passes an empty cell as 0. */
export const BLANK_IS_ERROR =
  "0 (an empty cell on Excel desktop) is an error: leave it out for the default.";

/** An optional horizon in years, one year when left out (LEV.RETURN, LEV.REBALANCE.COST, LEV.CPPI.GAPRISK). */
export const HORIZON_YEARS = opt.number(`Horizon in years. ${BLANK_IS_ERROR}`, {
  unit: "years",
  default: 1,
  domain: nonNegative,
  plausible: YEARS,
  zeroMeansBlank: true,
});
