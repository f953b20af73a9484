/** Keys under the prefix that do not parse, with their errors. */
package com.capreport.dashboard.invalid;
